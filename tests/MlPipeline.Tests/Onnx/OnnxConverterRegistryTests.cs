using MlPipeline.Onnx.Converters;
using MlPipeline.Preprocessing;

namespace MlPipeline.Tests.Onnx;

public sealed class OnnxConverterRegistryTests
{
    private static Type? ConvertedType(Type converter)
    {
        for (var type = converter; type is not null; type = type.BaseType)
        {
            if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(OnnxConverter<>)) return type.GetGenericArguments()[0];
        }
        return null;
    }

    [Fact]
    public void Every_Registered_Type_Has_A_Converter_Typed_By_Exactly_That_Type()
    {
        foreach (var (fitted, converter) in OnnxConverterRegistry.Converters)
        {
            Assert.True(ConvertedType(converter.GetType()) == fitted,
                $"{fitted.Name} is registered to {converter.GetType().Name}, which converts {ConvertedType(converter.GetType())?.Name ?? "no OnnxConverter<T> type"}");
            Assert.Equal(fitted, converter.FittedType);
        }
    }

    [Fact]
    public void Every_Step_Kind_Has_Exactly_One_Step_Converter_And_Only_Steps_Have_A_Kind()
    {
        var converters = OnnxConverterRegistry.Converters.Values.ToList();

        foreach (var kind in Enum.GetValues<StepKind>())
        {
            Assert.Single(converters, c => c.Role == OnnxConverterRole.Step && c.Kind == kind);
        }
        Assert.All(converters, c => Assert.Equal(c.Role == OnnxConverterRole.Step, c.Kind is not null));
    }

    [Fact]
    public void Every_Converter_Class_Is_Registered()
    {
        var registered = OnnxConverterRegistry.Converters.Values
            .Select(c => c.GetType().IsGenericType ? c.GetType().GetGenericTypeDefinition() : c.GetType()).ToHashSet();

        var classes = typeof(IOnnxConverter).Assembly.GetTypes().Where(t => !t.IsAbstract && typeof(IOnnxConverter).IsAssignableFrom(t)).ToList();

        Assert.NotEmpty(classes);
        Assert.All(classes, c => Assert.Contains(c, registered));
    }
}
